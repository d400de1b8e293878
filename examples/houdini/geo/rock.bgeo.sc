bgeo stand-in
